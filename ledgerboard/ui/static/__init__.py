"""The app's own JavaScript and CSS, as files beside this module, wrapped for st.html."""

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def asset(name: str) -> str:
    """static/<name> inside <script> or <style>, by its extension."""
    text = (_HERE / name).read_text(encoding="utf-8")
    tag = "script" if name.endswith(".js") else "style"
    return f"<{tag}>\n{text}</{tag}>"
