-- Log an account out everywhere: every session cookie issued so far stops working.
update accounts set session_epoch = session_epoch + 1 where username = $username
