-- The active account an OIDC or SSO identity answers to: its external id first, then its user name.
select username
from accounts
where active and (external_id in ($email, $subject, $preferred) or username in ($email, $preferred))
order by case when external_id in ($email, $subject, $preferred) then 0 else 1 end
limit 1
