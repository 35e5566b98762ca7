"""The Textual interface: app, screens, widgets, and its stylesheet (app.tcss)."""
