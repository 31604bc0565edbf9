import requests as r
r.post("https://example.com/upload")
