"""The embedded provider's login page: where the password is typed, instead of into the portal.

Plain server-rendered HTML with no script, so the page needs nothing but the provider; every
value is escaped. Field names are Keycloak's (``username``, ``password``), so whoever drives a
browser through the login (the browser tests) does the same on both providers.
"""

from __future__ import annotations

from html import escape

from renoflow.identity.authorization import AuthorizationRequest

#: No script, no frame (clickjacking of the password form), no loads from anywhere.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;background:#f2f3f5;margin:0;
display:flex;min-height:100vh;align-items:center;justify-content:center;color:#1d2129}
main{background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.1);padding:32px;width:min(360px,90vw)}
h1{font-size:22px;margin:0 0 4px}h1 small{font-size:13px;color:#4e5969;font-weight:normal}
h2{font-size:17px;margin:16px 0}label{display:block;margin:12px 0 4px;font-size:14px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:15px;
border:1px solid #86909c;border-radius:4px}
button{margin-top:20px;width:100%;padding:10px;font-size:15px;color:#fff;background:#1d5fc7;border:0;border-radius:4px}
.error{color:#b42318;margin-top:12px}.hint{color:#4e5969;font-size:13px;margin-top:16px}
"""


def login_page(action: str, request: AuthorizationRequest, *, username: str = "", error: str = "",
               hint: str = "") -> str:
    """The sign-in form, posting back to ``action`` with the authorization request hidden in it."""
    hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                     for k, v in request.fields().items())
    alert = f'<p class="error" role="alert" data-test="login-error">{escape(error)}</p>' if error else ""
    note = f'<p class="hint">{escape(hint)}</p>' if hint else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · RenoFlow</title><style>{_STYLE}</style></head>
<body><main>
<h1>RenoFlow <small>家装业务平台</small></h1>
<h2>员工登录</h2>
<form method="post" action="{escape(action)}" data-test="login-form">{hidden}
<label for="username">用户名</label>
<input id="username" name="username" type="text" autocomplete="username" value="{escape(username)}" required autofocus>
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" data-test="login-submit">登录</button>
{alert}{note}
</form></main></body></html>"""


def error_page(description: str) -> str:
    """What the browser sees when the request names an unknown client or redirect URI."""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>登录请求无效 · RenoFlow</title>
<style>{_STYLE}</style></head>
<body><main><h1>RenoFlow</h1><h2>登录请求无效</h2>
<p class="error" role="alert" data-test="authorize-error">{escape(description)}</p></main></body></html>"""
