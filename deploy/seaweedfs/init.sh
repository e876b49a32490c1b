#!/bin/sh
# One-shot SeaweedFS set-up (the seaweedfs-init service): the S3 identities file the S3 gateway
# reads (-s3.config). Two identities, and no anonymous access:
# - the operator's admin key (backups, inspection), every action on every bucket;
# - the application's key, every action on the tenant buckets <RENOFLOW_MINIO_BUCKET_PREFIX>*
#   only, so the services never hold the admin key.
# Buckets themselves are created by the platform, one per tenant, versioned and, with
# RENOFLOW_MINIO_OBJECT_LOCK=true, with S3 Object Lock, which can only be chosen when a bucket is
# created; hence nothing is pre-created here. Safe to run again: it rewrites the file whole, so a
# rotated key takes effect at the next start of seaweedfs.
set -eu
: "${S3_ADMIN_ACCESS_KEY:?required}"
: "${S3_ADMIN_SECRET_KEY:?required}"
: "${RENOFLOW_MINIO_ACCESS_KEY:?required}"
: "${RENOFLOW_MINIO_SECRET_KEY:?required}"
prefix="${RENOFLOW_MINIO_BUCKET_PREFIX:-renoflow-}"

# The values go into JSON as they are: refuse what would need escaping (use `openssl rand -hex 24`).
for value in "$S3_ADMIN_ACCESS_KEY" "$S3_ADMIN_SECRET_KEY" "$RENOFLOW_MINIO_ACCESS_KEY" \
             "$RENOFLOW_MINIO_SECRET_KEY" "$prefix"; do
  case "$value" in
    *[!A-Za-z0-9._~+/=-]*) echo "seaweedfs-init: keys and the bucket prefix must be URL-safe characters" >&2; exit 1 ;;
  esac
done
if [ "$S3_ADMIN_SECRET_KEY" = "$RENOFLOW_MINIO_SECRET_KEY" ]; then
  echo "seaweedfs-init: the admin and the application secret keys must differ" >&2
  exit 1
fi

target="${S3_CONFIG_FILE:-/etc/seaweedfs/s3/s3.json}"
tmp="$target.tmp"
umask 077
cat > "$tmp" <<JSON
{
  "identities": [
    {
      "name": "renoflow-admin",
      "credentials": [{"accessKey": "$S3_ADMIN_ACCESS_KEY", "secretKey": "$S3_ADMIN_SECRET_KEY"}],
      "actions": ["Admin", "Read", "List", "Tagging", "Write"]
    },
    {
      "name": "renoflow-app",
      "credentials": [{"accessKey": "$RENOFLOW_MINIO_ACCESS_KEY", "secretKey": "$RENOFLOW_MINIO_SECRET_KEY"}],
      "actions": ["Admin:${prefix}*", "Read:${prefix}*", "List:${prefix}*", "Tagging:${prefix}*", "Write:${prefix}*"]
    }
  ]
}
JSON
# The S3 gateway runs as the image's unprivileged user `seaweed`: it alone may read the keys.
chown seaweed:seaweed "$tmp" 2>/dev/null || true
chmod 0400 "$tmp"
mv "$tmp" "$target"
echo "seaweedfs-init: identities renoflow-admin and $RENOFLOW_MINIO_ACCESS_KEY (buckets ${prefix}*) written"
