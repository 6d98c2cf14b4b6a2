-- Whether an income computed from components differs from the stated one by more than 1% (and more than 1元): the
-- tolerance of the income-components rules (audit/income_components_mismatch, audit/era_income_components_mismatch).
create or replace macro income_differs(computed, stated) as
    abs(computed - stated) > greatest(1, 0.01 * abs(stated));
