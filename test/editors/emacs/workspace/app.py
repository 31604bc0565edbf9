"""Fetch a page. The text before the call is not ASCII: é is one UTF-16 unit, 🎉 two."""
import requests


def fetch(url):
    return "héllo 🎉", requests.get(url)
