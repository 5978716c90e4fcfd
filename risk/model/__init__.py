"""The load and risk model: pure pandas/numpy, no store, no importers, no Streamlit."""
