#!/usr/bin/env python3
"""Golden-answer check: the engine's /api/rec/feed must return the same items, in the same order, with
the same scores (1e-6) as the naive reference /bench/naive, for a seeded request mix.
usage: bench/golden.py PORT [N]"""
import json, random, sys, urllib.request

port = int(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rnd = random.Random(7)

def post(path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)

bad = 0
for i in range(n):
    body = {"uid": str(rnd.randint(1, 6040)), "size": rnd.randint(10, 20), "scene_id": "home_feed"}
    e = post("/api/rec/feed", body); g = post("/bench/naive", body)
    ei = [(x["item_id"], x["retrieve_id"]) for x in e["items"]]; gi = [(x["item_id"], x["retrieve_id"]) for x in g["items"]]
    same_scores = all(abs(a["score"] - b["score"]) < 1e-6 for a, b in zip(e["items"], g["items"]))
    if ei != gi or not same_scores or e["code"] != g["code"]:
        bad += 1
        if bad <= 3:
            print(f"MISMATCH uid={body['uid']} size={body['size']}\n  engine {ei}\n  naive  {gi}")
print(f"golden: {n - bad}/{n} requests identical (items, order, retrieve ids, scores within 1e-6)")
sys.exit(1 if bad else 0)
