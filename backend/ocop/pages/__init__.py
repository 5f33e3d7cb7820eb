"""The shop's information pages and its menus, as the API serves them. There is no page editor:
the pages are the storefront's own (/about/, /terms/, /privacy/), so both faces say the same."""
