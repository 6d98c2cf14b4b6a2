-- The statuses that count as poor (未脱贫（含返贫）): the one definition every query uses.
create or replace macro is_poor(status) as status in ('未脱贫', '返贫');
