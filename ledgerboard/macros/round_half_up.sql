-- The one rounding rule of every query: half up at d decimals, as Excel and the work reports round.
-- A double is first taken at its decimal value (9 places: 100 × 41 / 4000 is 1.025, not 1.02499999…), then
-- rounded as a DECIMAL (round on a DECIMAL rounds half away from zero; the figures are not negative but growth).
create or replace macro round_half_up(x, d) as round(x::decimal(38, 9), d);
