-- Failed logins from one address (any user name) within the lock-out window; attempts refused while locked do not count.
select count(*) as failures, max(logged_at) as last_failure
from audit_log
where address = $address
  and action = 'login_failed'
  and coalesce(target, '') not in ($locked, $address_locked)
  and logged_at >= $window_start
