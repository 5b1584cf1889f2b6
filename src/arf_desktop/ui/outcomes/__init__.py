"""The Outcomes & exports screen: outcomes, previews, batch exports and the dashboard."""
