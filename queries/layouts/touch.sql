-- A saved layout was used again.
update layouts set used_at = $used_at where signature = $signature
