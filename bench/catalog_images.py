"""How long and how much memory one 12-megapixel phone photo takes, from the uploaded bytes to the
stored clean original and its four WebP thumbnails (catalog.services.add_images, thumbnails inline).

    .venv/bin/python bench/catalog_images.py [--runs 5]

Each run is a fresh subprocess. Its peak resident memory (VmHWM) is reset just before the upload
(Linux /proc/self/clear_refs), so the peak reported is the upload's own, Django included; the start-up
peak of the process is shown apart. (tracemalloc would miss Pillow's pixel buffers, which are
allocated outside Python's allocator.)
Targets: < 1.5 s and < 300 MB."""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalog_common as common  # noqa: E402

WIDTH, HEIGHT = 4000, 3000


def make_photo() -> bytes:
    """Photo-like: blurred shapes on a gradient plus sensor-like noise, so JPEG cannot shrink it to
    nothing (about 5.5 MB at quality 90, like a phone's 12 MP picture)."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    rng = random.Random(7)
    grad = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    base = Image.merge("RGB", (grad, grad.point(lambda v: int(v * 0.8 + 30)), grad.point(lambda v: 200 - v // 2)))
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x, y, r = rng.randrange(WIDTH), rng.randrange(HEIGHT), rng.randrange(40, 500)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    base = base.filter(ImageFilter.GaussianBlur(6))
    noise = Image.merge("RGB", [Image.effect_noise((WIDTH, HEIGHT), 18) for _ in range(3)])
    photo = ImageChops.add(base, noise, 1.0, -128)
    exif = Image.Exif()
    exif[0x0112] = 1
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=90, exif=exif)
    return out.getvalue()


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> bool:
    """Linux: writing 5 to clear_refs resets the peak resident size (VmHWM), so that the peak we read
    afterwards is the upload's, not Django's start-up."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(photo_path: str, product_id: int, user_id: int, media_root: str) -> None:
    """One upload, measured; prints one JSON line."""
    common.configure(media_root)
    common.use_existing_database()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.accounts.models import User
    from ocop.catalog import images, services

    phases = {"decode+orient": 0.0, "encode original": 0.0, "thumbnails": 0.0}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - start
        return wrapper

    images.clean_image = timed("decode+orient", images.clean_image)
    images.encode_clean = timed("encode original", images.encode_clean)
    images.make_thumbnails = timed("thumbnails", images.make_thumbnails)
    user = User.objects.get(pk=user_id)
    data = Path(photo_path).read_bytes()
    services.seller_producers(user).exists()  # warm the connection and the ORM
    peak_before = _status_mb("VmHWM")
    reset = _reset_peak()
    baseline = _status_mb("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    media = services.add_images(user=user, product_id=product_id, files=[SimpleUploadedFile("phone.jpg", data)])[0]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = _status_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert media.thumbnails.count() == 4, "thumbnails were not made"
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak, "baseline_mb": baseline, "peak_before_mb": peak_before,
                      "phases": phases,
                      "bytes": len(data), "size": [media.width, media.height]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=4, metavar=("PHOTO", "PRODUCT", "USER", "MEDIA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), int(args.child[2]), args.child[3])
        return
    media_root = tempfile.mkdtemp(prefix="ocop-bench-media-")
    common.configure(media_root)
    print(f"Making a {WIDTH}x{HEIGHT} test photo…", flush=True)
    photo = make_photo()
    photo_path = Path(tempfile.mkdtemp()) / "phone.jpg"
    photo_path.write_bytes(photo)
    results = []
    with common.bench_database():
        owner, _producer, category, products = common.make_seller(products=1)
        for run in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--child", str(photo_path), str(products[0].pk),
                                  str(owner.pk), media_root], capture_output=True, text=True, check=False)
            if out.returncode != 0:
                sys.exit(f"run {run + 1} failed:\n{out.stderr[-3000:]}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"  run {run + 1}/{args.runs}: {results[-1]['wall']:.2f} s", flush=True)
    walls = [r["wall"] for r in results]
    load = os.getloadavg()[0]
    rows = [
        ("machine", f"{os.cpu_count()} CPUs, load average {load:.1f} at the end", ""),
        ("photo", f"{WIDTH}x{HEIGHT} JPEG, {results[0]['bytes'] / 1e6:.1f} MB", ""),
        ("wall time, median of runs", f"{sorted(walls)[len(walls) // 2]:.2f} s", "< 1.5 s"),
        ("wall time, worst run", f"{max(walls):.2f} s", "< 1.5 s"),
        ("CPU time of the process, median", f"{sorted(r['cpu'] for r in results)[len(results) // 2]:.2f} s", ""),
    ]
    for name in results[0]["phases"]:
        rows.append((f"  of which {name}", f"{sorted(r['phases'][name] for r in results)[len(results) // 2]:.2f} s", ""))
    rows += [
        ("peak resident memory during the upload", f"{max(r['peak_mb'] for r in results):.0f} MB", "< 300 MB"),
        ("  of which above the resident size before", f"{max(r['peak_mb'] - r['baseline_mb'] for r in results):.0f} MB",
         ""),
        ("  resident just before the upload", f"{max(r['baseline_mb'] for r in results):.0f} MB", ""),
        ("  peak before the upload (start-up)", f"{max(r['peak_before_mb'] for r in results):.0f} MB", ""),
    ]
    print(common.table(rows, ("12 MP photo → original + 4 WebP thumbnails", "measured", "target")))


if __name__ == "__main__":
    main()
