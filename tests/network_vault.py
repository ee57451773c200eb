"""A small vault for the network pages: every case the issue names, and a few more.

- a three-level introduction chain (Ada -> Bob -> Dan) and two people
  introduced by the same person (Bob and Cleo, by Ada);
- a referral not yet added (Frank, named by Cleo) and a referral later added
  (Erin, named by Cleo, who has a file now);
- the same book recommended by Ada and Bob with different capitalisation;
- advice done and never reported back (Ada's), done and reported (Bob's), open;
- unanswered outreach at a company with two more people there (Initech);
- a person whose name needs escaping everywhere (Zed).
"""

from __future__ import annotations

ZED_NAME = 'Zed "<Z&Z>" | *star* `tick`'

FILES = {
    "people/ada.md": """\
        ---
        name: Ada Lovelace
        company: Analytical Engines
        priority: high
        ---
        """,
    "people/bob.md": """\
        ---
        name: Bob Babbage
        introduced_by: ada
        ---
        """,
    "people/cleo.md": """\
        ---
        name: Cleo Curie
        introduced_by: ada
        ---
        """,
    "people/dan.md": """\
        ---
        name: Dan Dijkstra
        introduced_by: bob
        ---
        """,
    "people/erin-example.md": """\
        ---
        name: Erin Example
        company: Initech
        priority: high
        ---
        """,
    "people/gus.md": """\
        ---
        name: Gus Grant
        company: Initech
        ---
        """,
    "people/hank.md": """\
        ---
        name: Hank Hill
        company: initech
        priority: low
        source: "Initech's <engineering> blog"
        ---
        """,
    "people/ivy.md": """\
        ---
        name: Ivy Idle
        status: archived
        ---
        """,
    "people/zed.md": f"""\
        ---
        name: '{ZED_NAME}'
        introduced_by: cleo
        ---
        """,
    "meetings/2026-09-01-ada.md": """\
        ---
        date: 2026-09-01 10:00
        with: ada
        resources:
          - {title: "Designing Data-Intensive Applications", kind: book}
          - {title: "Sneaky", kind: article, url: "javascript:alert(1)"}
        ---

        ## Advice
        - [x] Read the book
        - [ ] Write a blog post
        """,
    "meetings/2026-09-05-bob-coffee.md": """\
        ---
        date: 2026-09-05
        with: bob
        kind: coffee
        resources:
          - {title: "designing  data-intensive APPLICATIONS", kind: Books}
          - {title: "Data Meetup", kind: event, url: "https://example.org/meetup"}
        ---

        ## Advice
        - [x] Join the meetup
        """,
    "meetings/2026-10-10-bob-follow-up.md": """\
        ---
        date: 2026-10-10
        with: bob
        kind: follow-up
        ---
        Told Bob I joined the meetup.
        """,
    "meetings/2026-10-01-cleo-call.md": """\
        ---
        date: 2026-10-01
        with: cleo
        kind: call
        referrals:
          - "Erin Example, data team at Initech"
          - "Frank Unfiled (platform at Globex)"
        resources:
          - {title: "The Meetup Site", kind: event, url: "https://EXAMPLE.org/meetup/"}
        ---
        """,
    "meetings/2026-11-02-dan.md": """\
        ---
        date: 2026-11-02
        with: dan
        ---
        """,
    "meetings/2026-11-03-dan-thank-you.md": """\
        ---
        date: 2026-11-03
        with: dan
        kind: thank-you
        ---
        """,
    "meetings/2026-11-20-dan-follow-up.md": """\
        ---
        date: 2026-11-20
        with: dan
        kind: follow-up
        ---
        """,
    "meetings/2026-11-16-gus-outreach.md": """\
        ---
        date: 2026-11-16
        with: gus
        kind: outreach
        ---
        """,
    "meetings/2026-12-05-cleo.md": """\
        ---
        date: 2026-12-05 09:00
        with: cleo
        referrals: ["Future Person"]
        ---
        """,
}
