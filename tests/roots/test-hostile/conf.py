# No project name: the (hostile) guide title becomes the site title.
extensions = ["generator.site"]
