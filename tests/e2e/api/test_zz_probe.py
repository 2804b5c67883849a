from tests.e2e.api.helpers import Api
import json

async def test_probe(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}"
    H = {**api.master, "Content-Type": "application/json"}
    deep = b"[" * 1000 + b"]" * 1000
    deepo = b'{"name": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    for m, u, body in [
        ("POST", "/api/v1/tenants", deep),
        ("POST", f"{base}/plans", deepo),
        ("PUT", f"{base}/config/x", b'{"value": ' + b"[" * 3000 + b"]" * 3000 + b"}"),
        ("POST", f"{base}/plans", json.dumps({"name":"A","period_days":30,"price":"100","traffic_gb":1,"device_limit":1}).encode()),
        ("POST", f"{base}/plans", b'{"name":"B","period_days":30,"price":1e2,"traffic_gb":1,"device_limit":1}'),
        ("POST", f"{base}/plans", b'{"name":"C","period_days":30,"price":100.0,"traffic_gb":1,"device_limit":1}'),
        ("POST", f"{base}/plans", b'{"name":"D\\u0000x","period_days":30,"price":100,"traffic_gb":1,"device_limit":1}'),
        ("POST", f"{base}/plans", b'{"name":"E\\ud800x","period_days":30,"price":100,"traffic_gb":1,"device_limit":1}'),
        ("POST", f"{base}/cards", b'{"card_number":"4111111111111111","holder_name":"A\\u0000B"}'),
        ("GET", f"/api/v1/tenants/{2**63}", None),
        ("GET", f"/api/v1/tenants/{10**30}", None),
        ("GET", f"/api/v1/tenants/-1", None),
        ("GET", f"{base}/plans/{2**64}", None),
        ("GET", f"/api/v1/tenants?limit={10**30}", None),
        ("GET", f"/api/v1/tenants?offset=-5", None),
        ("GET", f"{base}/users?query=a%00b", None),
        ("GET", f"{base}/users?query=%ED%A0%80", None),
        ("GET", f"{base}/subscriptions?user_id={10**30}", None),
        ("POST", f"{base}/plans", b'{"name":"F","period_days":30,"price":100,"traffic_gb":1,"device_limit":1,' + b'"x":"' + b"a" * (11 * 1024 * 1024) + b'"}'),
        ("OPTIONS", f"{base}/plans", None),
        ("OPTIONS", f"/api/v1/tenants/{shop.id}", None),
        ("OPTIONS", f"{base}/plans/1", None),
        ("PATCH", f"/api/v1/tenants/{shop.id}", b'{"support_username":"a\\u0000"}'),
        ("PUT", f"{base}/wallet/settings", b'{"credit_limit":"5"}'),
        ("POST", f"{base}/users/{shop.user_id}/balance", b'{"amount":"5","reason":"x"}'),
        ("POST", f"{base}/users/{shop.user_id}/balance", b'{"amount":5,"reason":"x\\u0000"}'),
    ]:
        r = await api.call(m, u, H, content=body)
        print(m, u[:60], r.status_code, dict(allow=r.headers.get("allow")), r.text[:300])
