"""Files in and out of the vault: iCalendar, vCard, the LinkedIn export, JSON and CSV.

Core modules like the rest: no MkDocs, no Click, no clock (the adapters pass
`today`, the time stamp of an invitation and the machine's time zone).
"""
