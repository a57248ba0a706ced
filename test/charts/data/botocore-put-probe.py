"""Sends one PutObject with the real botocore to a stand-in S3 endpoint on 127.0.0.1 and prints, as
JSON, the checksum headers and the signing region of the request it received. The environment is
the caller's: the test passes the variables a CloudNativePG pod gets from the rendered Cluster."""
import http.server
import json
import threading

import botocore
import botocore.session

received = []


class StandIn(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        received.append({k.lower(): v for k, v in self.headers.items()})
        self.send_response(200)
        self.send_header("ETag", '"0"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), StandIn)
threading.Thread(target=server.serve_forever, daemon=True).start()
client = botocore.session.get_session().create_client("s3", endpoint_url=f"http://127.0.0.1:{server.server_port}")
client.put_object(Bucket="backups", Key="wal/000000010000000000000001", Body=b"\0" * 1024)
headers = received[0]
print(json.dumps({
    "botocore": botocore.__version__,
    "checksumHeaders": sorted(k for k in headers if "checksum" in k or k in ("content-md5", "x-amz-trailer")),
    "signingRegion": headers["authorization"].split("Credential=")[1].split("/")[2],
}))
