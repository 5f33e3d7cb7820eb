import os
import sys
from pathlib import Path

_root = Path(__file__).resolve().parents[2]
for _path in (str(_root), str(_root / "backend")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from ocop.core.warm import settle_worker  # noqa: E402

settle_worker()
