"""Browser tests (real Chromium); see conftest.py."""
