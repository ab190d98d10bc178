"""The nginx configuration the production smoke runs is the template operators start from: every ${SR_...} name is
filled in, nginx's own variables are left alone, and nginx (where installed) accepts the result."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.deploy.stack import render_nginx_conf

VALUES = {"SR_LISTEN": "127.0.0.1:8443", "SR_SERVER_NAME": "localhost",
          "SR_UPSTREAM_SERVERS": "server 127.0.0.1:8001;\n        server 127.0.0.1:8002;"}


def _values(tmp_path) -> dict[str, str]:
    return {**VALUES, "SR_PREFIX": str(tmp_path), "SR_CERTIFICATE": str(tmp_path / "certificate.pem"),
            "SR_CERTIFICATE_KEY": str(tmp_path / "key.pem"), "SR_STATIC_ROOT": str(tmp_path / "static")}


def test_every_name_is_filled_and_nginx_variables_are_kept(tmp_path):
    conf = render_nginx_conf(_values(tmp_path))
    assert not re.search(r"\$\{SR_[A-Z_]+\}", conf)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert f"alias {tmp_path}/static/;" in conf


def test_a_name_left_out_is_refused(tmp_path):
    values = _values(tmp_path)
    del values["SR_STATIC_ROOT"]
    with pytest.raises(ValueError, match="SR_STATIC_ROOT"):
        render_nginx_conf(values)


@pytest.mark.skipif(not (shutil.which("nginx") or shutil.which("/usr/sbin/nginx")), reason="nginx is not installed")
def test_nginx_accepts_it(tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "1", "-subj", "/CN=localhost", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "certificate.pem")], check=True, capture_output=True)
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(render_nginx_conf(_values(tmp_path)))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", "nginx.conf", "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
