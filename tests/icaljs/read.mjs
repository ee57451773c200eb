// Reads .ics and .vcf files with Mozilla's ical.js (Thunderbird's parser) and prints
// what it understood as JSON, for tests/test_icaljs.py to compare with the Python
// parsers. Usage: ICALJS=/path/to/ical.js node read.mjs FILE...
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.env.ICALJS).href)).default;

function time(value) {
  if (value.isDate) return value.toString();
  if (value.zone === ICAL.Timezone.localTimezone || value.timezone === "floating") {
    return value.toString();
  }
  return value.toJSDate().toISOString().replace(".000Z", "Z");
}

function address(property) {
  if (!property) return null;
  const out = { address: property.getFirstValue() };
  for (const name of ["cn", "partstat", "rsvp", "role"]) {
    const param = property.getParameter(name);
    if (param !== undefined && param !== null) out[name] = String(param);
  }
  return out;
}

function calendar(root) {
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const rrule = component.getFirstPropertyValue("rrule");
    return {
      uid: event.uid,
      summary: event.summary,
      start: time(event.startDate),
      end: time(event.endDate),
      sequence: event.sequence,
      status: component.getFirstPropertyValue("status"),
      location: event.location,
      description: event.description,
      categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
      organizer: address(component.getFirstProperty("organizer")),
      attendees: component.getAllProperties("attendee").map(address),
      rrule: rrule ? rrule.toString() : null,
    };
  });
  return { method: root.getFirstPropertyValue("method"), events };
}

function card(root) {
  const values = (name) => root.getAllProperties(name).map((p) => p.getFirstValue());
  const n = root.getFirstPropertyValue("n");
  const org = root.getFirstProperty("org");
  const bday = root.getFirstPropertyValue("bday");
  return {
    uid: root.getFirstPropertyValue("uid"),
    fn: root.getFirstPropertyValue("fn"),
    n: Array.isArray(n) ? n.map((part) => (Array.isArray(part) ? part.join(",") : part)) : [n],
    org: org ? org.getValues().flat()[0] : null,
    title: root.getFirstPropertyValue("title"),
    emails: values("email"),
    tels: values("tel"),
    urls: values("url"),
    note: root.getFirstPropertyValue("note"),
    categories: root.getAllProperties("categories").flatMap((p) => p.getValues()),
    bday: bday === null ? null : String(bday),
  };
}

const out = {};
for (const file of process.argv.slice(2)) {
  let parsed = ICAL.parse(readFileSync(file, "utf8"));
  if (typeof parsed[0] === "string") parsed = [parsed]; // one component, not a list
  const roots = parsed.map((jcal) => new ICAL.Component(jcal));
  out[file] = file.endsWith(".vcf") ? roots.map(card) : calendar(roots[0]);
}
process.stdout.write(JSON.stringify(out));
