-- A monitoring line the demo loader set is marked 'demo': it applies while the store holds only the demo county
-- (the demo's own setting), never to real imports; a line an admin sets has no origin.
alter table monitoring_lines add column if not exists origin varchar;
