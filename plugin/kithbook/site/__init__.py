"""The site wing: page paths and links, markup safety, pages, drawings, the memo, output."""
