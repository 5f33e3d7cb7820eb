"""Screenshots of the current page at a phone's width (390 px) and a desktop's (1280 px), kept in
test-artifacts/<test name>/; a page that scrolls sideways at either width fails the test."""

WIDTHS = (390, 1280)


def shots(page, artifacts_dir, name, *, restore_width=1280):
    """<name>-390.png and <name>-1280.png, full page; the viewport is left `restore_width` wide."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": restore_width, "height": 900})
