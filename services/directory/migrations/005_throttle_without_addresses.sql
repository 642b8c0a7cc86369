-- Login throttling no longer locks client addresses (services/directory/login_throttle.h): one office shares
-- one public address, and a lock on it let a few wrong passwords keep every officer of the office out. The
-- subjects are now 'user' (a username, from any address) and 'service' (a service account from one address).
-- Address rows still stored are dropped; nobody is locked by them any more.
DELETE FROM directory.login_throttle WHERE kind = 'source';
ALTER TABLE directory.login_throttle DROP CONSTRAINT login_throttle_kind_check;
ALTER TABLE directory.login_throttle ADD CONSTRAINT login_throttle_kind_check CHECK (kind IN ('user', 'service'));
