#!/usr/bin/env bash
# with_moto.sh CMD [ARGS...]
# Runs CMD with a throw-away moto_server (STS, IAM, Redshift, S3) on a free loopback port, in a temp
# dir, with SigV4 checking turned on. Exported for CMD:
#   TRIB_TEST_MOTO_URL                 http://127.0.0.1:PORT
#   TRIB_TEST_MOTO_ACCESS_KEY_ID       an IAM user's access key (generated now, allowed to
#   TRIB_TEST_MOTO_SECRET_ACCESS_KEY   call sts:AssumeRole on the role below)
#   TRIB_TEST_MOTO_ROLE_ARN            a role that user may assume, allowed redshift:GetClusterCredentials
#                                      and s3:*
#   TRIB_TEST_MOTO_FOREIGN_ROLE_ARN    a role whose trust policy names another account (AccessDenied)
#   TRIB_TEST_MOTO_CLUSTER             an existing Redshift cluster identifier
#   TRIB_TEST_MOTO_BUCKET              an empty S3 bucket the user may do anything in (s3:*)
#   TRIB_TEST_MOTO_REGION              the region all of the above live in
# The server is stopped by PID and the temp dir removed on every exit (success, failure,
# Ctrl-C); the script exits with CMD's status, or 1 when the server cannot be set up.
# Nothing secret is printed.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL=moto_server
SERVER_STOP_TRIES=50

[[ $# -ge 1 ]] || die "usage: with_moto.sh CMD [ARGS...]"
python3 -c "import moto.server, boto3" 2>/dev/null ||
  die "python3 with moto (server extras) and boto3 is needed"

make_work_dir trib-moto
chmod 700 "$WORK_DIR"
LOG_FILE="$WORK_DIR/server.log"

# Signatures are checked only once this many authenticated actions have run; the set-up below
# switches checking on explicitly (POST /moto-api/reset-auth 0) once the fixtures exist, so the
# count only has to be large enough for the bootstrap calls.
export INITIAL_NO_AUTH_ACTION_COUNT=1000

start_on_free_port start_moto_server || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "moto_server did not start"
}
URL="http://127.0.0.1:$PORT"
REGION="us-east-1"

# Fixtures through moto's own APIs (boto3): an IAM user with an access key, a role it may
# assume, a Redshift cluster, an S3 bucket. The secret goes to a 0600 file, never to the terminal.
ENV_FILE="$WORK_DIR/fixtures.env"
(
  umask 077
  TRIB_MOTO_URL="$URL" TRIB_MOTO_REGION="$REGION" python3 - >"$ENV_FILE" <<'EOF'
import json, os, shlex, uuid
import boto3

url, region = os.environ["TRIB_MOTO_URL"], os.environ["TRIB_MOTO_REGION"]
boot = dict(endpoint_url=url, region_name=region,
            aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam = boto3.client("iam", **boot)
suffix = uuid.uuid4().hex[:8]
user = iam.create_user(UserName=f"trib-test-{suffix}")["User"]
iam.put_user_policy(UserName=user["UserName"], PolicyName="assume", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:GetFederationToken"],
                   "Resource": "*"}]}))
iam.put_user_policy(UserName=user["UserName"], PolicyName="s3", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))

# moto mis-verifies signatures made with some generated secrets (seen: containing '=' or
# '%2F'); draw a new key until the secret has none of them.
for _ in range(50):
    key = iam.create_access_key(UserName=user["UserName"])["AccessKey"]
    if not any(bad in key["SecretAccessKey"] for bad in ("=", "%2F")):
        break
    iam.delete_access_key(UserName=user["UserName"], AccessKeyId=key["AccessKeyId"])
else:
    raise SystemExit("with_moto.sh: no usable access key after 50 tries")

role = iam.create_role(
    RoleName=f"trib-redshift-{suffix}",
    AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]},
                       "Action": "sts:AssumeRole"}]}))["Role"]
iam.put_role_policy(RoleName=role["RoleName"], PolicyName="redshift", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "redshift:GetClusterCredentials",
                   "Resource": "*"},
                  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))

# A role that trusts someone else: assuming it must be refused.
foreign = iam.create_role(
    RoleName=f"trib-foreign-{suffix}",
    AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
                       "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                       "Action": "sts:AssumeRole"}]}))["Role"]

cluster = f"trib-cluster-{suffix}"
boto3.client("redshift", **boot).create_cluster(
    ClusterIdentifier=cluster, NodeType="dc2.large", MasterUsername="admin",
    MasterUserPassword="Bootstrap1" + uuid.uuid4().hex, DBName="dev",
    ClusterType="single-node")

bucket = f"trib-test-{suffix}"
boto3.client("s3", **boot).create_bucket(Bucket=bucket)

for name, value in [("TRIB_TEST_MOTO_ACCESS_KEY_ID", key["AccessKeyId"]),
                    ("TRIB_TEST_MOTO_SECRET_ACCESS_KEY", key["SecretAccessKey"]),
                    ("TRIB_TEST_MOTO_ROLE_ARN", role["Arn"]),
                    ("TRIB_TEST_MOTO_FOREIGN_ROLE_ARN", foreign["Arn"]),
                    ("TRIB_TEST_MOTO_CLUSTER", cluster),
                    ("TRIB_TEST_MOTO_BUCKET", bucket)]:
    print(f"export {name}={shlex.quote(value)}")
EOF
) || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "could not create the IAM user, role, Redshift cluster and S3 bucket in moto"
}
# From here on every action must carry a valid signature of a known key.
curl -sf -o /dev/null -X POST -H "Content-Type: text/plain" --data 0 "$URL/moto-api/reset-auth" ||
  die "could not turn on moto's signature checking"

# shellcheck disable=SC1090
source "$ENV_FILE"
export TRIB_TEST_MOTO_URL="$URL"
export TRIB_TEST_MOTO_REGION="$REGION"
echo "with_moto.sh: moto_server pid $SERVER_PID on $URL (signature checks on)" >&2

run_command "$@"
