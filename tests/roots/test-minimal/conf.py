project = "Minimal guide"
extensions = ["generator.site"]
