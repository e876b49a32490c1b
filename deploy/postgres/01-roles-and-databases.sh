#!/usr/bin/env bash
# PostgreSQL first-start initialisation (docker-entrypoint-initdb.d): the RenoFlow owner role, one
# database per service owned by it, and Keycloak's own role and database. Each database's pair of
# login roles (renoflow_sales and renoflow_sales_relay …, decision 0041) is created, given its
# password and allowed to connect by `renoflow db provision` (the migrate container), which runs
# before any service starts; this script grants nothing to them.
#
# The official image runs this only when the data volume is empty; it is written so that running
# it again by hand (docker compose exec postgres bash /docker-entrypoint-initdb.d/01-roles-and-databases.sh)
# is harmless. Passwords reach SQL only as psql variables quoted with %L, never spliced into text.
set -euo pipefail

: "${RENOFLOW_DATABASE_OWNER_PASSWORD:?required}"
: "${KEYCLOAK_DB_PASSWORD:?required}"
prefix="${RENOFLOW_DATABASE_NAME_PREFIX:-renoflow_}"
services="${SERVICE_DATABASES:-sales contracts construction finance aftercare reporting notifications}"

psql_admin() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" "$@"
}

# renoflow_owner owns the databases and runs the migrations; it is no superuser, so the FORCEd
# row-level security policies apply to it too (architecture.md "Identity and tenancy").
psql_admin --dbname "${POSTGRES_DB:-postgres}" \
  -v owner_password="$RENOFLOW_DATABASE_OWNER_PASSWORD" \
  -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['renoflow_owner', 'keycloak']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
SELECT format('ALTER ROLE renoflow_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'owner_password') \gexec
SELECT format('ALTER ROLE keycloak LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'keycloak_password') \gexec
SELECT 'CREATE DATABASE keycloak OWNER keycloak' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'keycloak') \gexec
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL

for service in $services; do
  db="${prefix}${service}"
  psql_admin --dbname "${POSTGRES_DB:-postgres}" -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER renoflow_owner', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
-- No one but the owner connects until provisioning grants CONNECT to the database's own pair:
-- a service's database is no other service's business.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SQL
  # Inside the database: the owner role owns schema public (migrations create tables there);
  # schema usage and table grants for the pair follow, in `renoflow db provision`.
  psql_admin --dbname "$db" <<'SQL'
ALTER SCHEMA public OWNER TO renoflow_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
  echo "renoflow: database ${db} ready (owner renoflow_owner)"
done
