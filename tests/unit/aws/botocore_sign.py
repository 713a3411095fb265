#!/usr/bin/env python3
"""Signs a few gcnet-shaped requests with botocore's SigV4Auth at a fixed time and prints, one per line,
"<case name> <X-Amz-Date> <Authorization>". test_sigv4_botocore.c sends the same requests through gcnet's
pipeline and compares. Keep the cases here and in the C table in step."""
import datetime
import sys

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FIXED = datetime.datetime(2026, 1, 15, 8, 30, 0, tzinfo=datetime.timezone.utc)
botocore.auth.get_current_datetime = lambda *a, **k: FIXED

AKID = "AKIAGCNETEXAMPLE0001"
SECRET = "gcnet/Example+Secret/Key0000000000000000"
TOKEN = "FwoGZXIvYXdzEXAMPLE//session+token=="

FORM = "application/x-www-form-urlencoded; charset=utf-8"
CASES = [
    # name, service, region, method, url, headers, body, token
    ("ec2_query", "ec2", "ap-northeast-1", "POST", "https://ec2.ap-northeast-1.amazonaws.com/",
     {"Content-Type": FORM},
     "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b", None),
    ("json11_target", "route53resolver", "ap-northeast-1", "POST",
     "https://route53resolver.ap-northeast-1.amazonaws.com/",
     {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Route53Resolver.ListResolverRules"},
     '{"MaxResults":10}', None),
    ("ram_delete_query", "ram", "ap-northeast-3", "DELETE",
     "https://ram.ap-northeast-3.amazonaws.com/deleteresourceshare?resourceShareArn=arn%3Aaws%3Aram%3A"
     "ap-northeast-3%3A123456789012%3Aresource-share%2Fabc-123&clientToken=tok-1",
     {}, "", None),
    ("sts_session_token", "sts", "ap-northeast-1", "POST", "https://sts.ap-northeast-1.amazonaws.com/",
     {"Content-Type": FORM}, "Action=GetCallerIdentity&Version=2011-06-15", TOKEN),
    ("route53_global", "route53", "us-east-1", "GET",
     "https://route53.amazonaws.com/2013-04-01/hostedzone?maxitems=10", {}, "", None),
]

for name, service, region, method, url, headers, body, token in CASES:
    req = AWSRequest(method=method, url=url, headers=dict(headers), data=body.encode() if body else None)
    SigV4Auth(Credentials(AKID, SECRET, token), service, region).add_auth(req)
    print(name, req.headers["X-Amz-Date"], req.headers["Authorization"])
sys.stdout.flush()
