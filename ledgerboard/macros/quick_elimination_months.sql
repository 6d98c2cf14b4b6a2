-- The 6-month mark of quick elimination (快速消除): a 监测对象 whose risk is eliminated by 帮扶消除 fewer than this many
-- whole months after being identified is a 疑点 (audit/era_quick_elimination); ledgerboard.monitoring reads the same
-- number from this file (QUICK_ELIMINATION_MONTHS), so the rule and the page's note say one thing.
create or replace macro quick_elimination_months() as 6;
