"""The dashboard's pages, one script each, run by st.navigation in dashboard/app.py.

Not named `pages/`: Streamlit would also serve a `pages/` folder as pages of its own,
bypassing st.navigation when a page URL is opened first on a fresh server.
"""
