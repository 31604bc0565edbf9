import requests as r

r.get("https://example.com")
