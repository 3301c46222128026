# usage: python3 stage.py <path> <pairs.json>  -- applies [old,new] pairs to HEAD's blob and stages it
import json, subprocess, sys
path, pairs = sys.argv[1], json.load(open(sys.argv[2]))
try:
    s = subprocess.run(["git", "show", f"HEAD:{path}"], check=True, capture_output=True, text=True).stdout
except subprocess.CalledProcessError:
    s = ""
for old, new in pairs:
    if old == "__APPEND__":
        s += new; continue
    assert old in s, (path, old[:80])
    s = s.replace(old, new, 1)
blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], input=s, check=True, capture_output=True, text=True).stdout.strip()
mode = "100644"
subprocess.run(["git", "update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}"], check=True)
print("staged", path)
