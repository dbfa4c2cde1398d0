"""deploy/ stays in step with the settings: every variable listed, the upload limit matched."""

import re

from django.conf import settings

DEPLOY = settings.BASE_DIR / "deploy"


def test_the_environment_template_lists_every_variable_the_settings_read():
    source = (settings.BASE_DIR / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', source))
    listed = set(
        re.findall(r"^#?([A-Z0-9_]+)=", (DEPLOY / "evidence-diary.env.example").read_text(), re.M)
    )

    assert "DATABASE_URL" in read and "LOG_LEVEL" in read
    assert read - listed == set()


def test_nginx_takes_exactly_the_largest_upload_the_app_accepts():
    site = (DEPLOY / "nginx" / "evidence-diary.conf").read_text()
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))

    largest_mb = settings.EVIDENCE_MAX_FILES_PER_UPLOAD * settings.EVIDENCE_MAX_FILE_BYTES // 2**20
    assert limit_mb == largest_mb + 1  # and a megabyte for the rest of the form
    assert "proxy_request_buffering on;" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
