"""Monitor Huisvesting Aandachtsgroepen: the Streamlit app on the published release.

Run with `make app` (or `streamlit run app/streamlit_app.py`); it reads only the release folder
`$MHA_PUBLISH_DIR` (see app/data.py). One file per page in app/app_pages/
(not `pages/`: that name switches on Streamlit's legacy page discovery, which would run a page without
this entry point).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

APP_DIR = Path(__file__).resolve().parent
if str(APP_DIR) not in sys.path:  # `streamlit run` adds it; AppTest and other runners may not
    sys.path.insert(0, str(APP_DIR))

import duckdb  # noqa: E402

import data  # noqa: E402
import ui  # noqa: E402

st.set_page_config(page_title="Monitor Huisvesting Aandachtsgroepen", page_icon="🏠", layout="wide")

PAGES = [
    st.Page(
        APP_DIR / "app_pages" / "overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True
    ),
    st.Page(APP_DIR / "app_pages" / "gebied.py", title="Gebied", icon=":material/location_city:"),
    st.Page(APP_DIR / "app_pages" / "vergelijken.py", title="Vergelijken", icon=":material/compare_arrows:"),
    st.Page(APP_DIR / "app_pages" / "kaart.py", title="Kaart", icon=":material/map:"),
    st.Page(APP_DIR / "app_pages" / "verhuringen.py", title="Verhuringen", icon=":material/key:"),
    st.Page(APP_DIR / "app_pages" / "databank.py", title="Databank", icon=":material/table_view:"),
    st.Page(APP_DIR / "app_pages" / "over_de_cijfers.py", title="Over de cijfers", icon=":material/info:"),
]

page = st.navigation(PAGES)
st.sidebar.markdown("**Monitor Huisvesting Aandachtsgroepen**")

try:
    release = data.release()
except data.ReleaseError as err:
    st.title(page.title)
    st.error(str(err), icon=":material/error:")
    st.stop()

ui.page_style()
ui.synthetic_note(release)
try:
    page.run()
except data.ReleaseError as err:
    st.error(str(err), icon=":material/error:")
except duckdb.Error as err:
    st.error(
        f"De cijfers konden niet worden gelezen uit de release in `{release.folder}` ({type(err).__name__}). "
        "Mogelijk is een bestand beschadigd; maak de release opnieuw met `python -m mha release`.",
        icon=":material/error:",
    )
st.sidebar.caption(f"Release `{release.release_id}`")
