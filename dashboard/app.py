"""The dashboard's entry point: `streamlit run dashboard/app.py` (what `make dashboard` runs)."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Warehouse dashboard", page_icon="📦", layout="wide")

PAGES = [
    st.Page("pages/sales.py", title="Sales", icon="💷", default=True),
    st.Page("pages/purchases_payments.py", title="Purchases and payments", icon="🧾"),
    st.Page("pages/stock_platform.py", title="Stock platform", icon="📈"),
    st.Page("pages/pipeline_health.py", title="Pipeline health", icon="🩺"),
]

st.navigation(PAGES).run()
