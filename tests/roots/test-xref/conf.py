project = "Links guide"
extensions = ["generator.site"]
