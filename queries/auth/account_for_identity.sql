-- The active account an OIDC or SSO identity answers to: its external id first, then its user name.
select username
from accounts
where active and (external_id in ($email, $subject, $name) or username in ($email, $name))
order by case when external_id in ($email, $subject, $name) then 0 else 1 end
limit 1
