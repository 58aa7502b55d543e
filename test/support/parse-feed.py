"""Parses a feed file with feedparser (Debian's python3-feedparser) and prints what it read as JSON.

Used by test/support/feed-reader.ts (for test/site/feeds.test.ts) to read the site's feeds the way a real feed reader does.
Run it with /usr/bin/python3 (the first python3 on PATH may be a separate install without
Debian's packages):  /usr/bin/python3 test/support/parse-feed.py FILE
Dates come out in UTC as ISO 8601 (feedparser's *_parsed values are UTC struct_times).
"""
import json
import sys
import time

import feedparser


def utc(parsed):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', parsed) if parsed else None


def links(items):
    return [{'rel': l.get('rel'), 'type': l.get('type'), 'href': l.get('href'), 'length': l.get('length')} for l in items or []]


def main(path):
    with open(path, 'rb') as f:
        result = feedparser.parse(f.read())
    feed = result.get('feed', {})
    out = {
        'bozo': int(result.get('bozo', 0)),
        'bozo_exception': str(result.get('bozo_exception', '')) or None,
        'version': result.get('version'),
        'encoding': result.get('encoding'),
        'feed': {
            'title': feed.get('title'),
            'link': feed.get('link'),
            'links': links(feed.get('links')),
            'id': feed.get('id'),
            'subtitle': feed.get('subtitle'),
            'language': feed.get('language'),
            'updated': utc(feed.get('updated_parsed')),
            # RSS <image><url>, Atom <logo>
            'image': (feed.get('image') or {}).get('href') or feed.get('logo'),
        },
        'entries': [
            {
                'title': e.get('title'),
                'title_type': (e.get('title_detail') or {}).get('type'),
                'link': e.get('link'),
                'links': links(e.get('links')),
                'id': e.get('id'),
                'published': utc(e.get('published_parsed')),
                'updated': utc(e.get('updated_parsed')),
                'author': e.get('author'),
                'authors': [{'name': a.get('name'), 'href': a.get('href'), 'email': a.get('email')} for a in e.get('authors', [])],
                'tags': [t.get('term') for t in e.get('tags', [])],
                'summary': e.get('summary'),
                'content': [{'type': c.get('type'), 'value': c.get('value')} for c in e.get('content', [])],
                'enclosures': [{'href': x.get('href'), 'type': x.get('type'), 'length': x.get('length')} for x in e.get('enclosures', [])],
            }
            for e in result.get('entries', [])
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv[1])
