#!/usr/bin/env bash
# The operator image's runtime, as a directory that becomes the image's root: a Java runtime made
# by jlink from the build's JDK (the modules the operator and the CLI use), the C libraries it
# loads, taken from this machine's Debian packages, and a non-root user. Jib adds the application
# on top (tusk-cli, profile "image"). The same JDK and packages give the same bytes, so the image
# is reproducible.
#
#   scripts/image-runtime.sh OUT_DIR
set -euo pipefail
out=${1:?usage: image-runtime.sh OUT_DIR}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jlink="$java_home/bin/jlink"
[[ -x "$jlink" && -d "$java_home/jmods" ]] || {
  echo "jlink and the JDK's jmods are needed (Debian: apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
}
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.security.jgss,java.security.sasl,java.instrument,java.compiler,jdk.httpserver,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.localedata

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --include-locales=en --output "$out/opt/java"
# Debian's JDK links its CA store to /etc/ssl/certs/java/cacerts; the image carries the file.
if [[ -L "$out/opt/java/lib/security/cacerts" || ! -s "$out/opt/java/lib/security/cacerts" ]]; then
  rm -f "$out/opt/java/lib/security/cacerts"
  cp "$(readlink -f "$java_home/lib/security/cacerts")" "$out/opt/java/lib/security/cacerts"
fi

# The shared libraries the runtime loads, at the paths the dynamic loader looks in.
copy_lib() {
  local src=$1 dest
  dest="$out$(dirname "$src")/$(basename "$src")"
  [[ -e "$dest" ]] && return 0
  mkdir -p "$(dirname "$dest")"
  cp -L "$src" "$dest"
}
libs="$out.libs"
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd >"$libs.ldd"
awk '/=> \// {print $3; next} /^[ \t]+\// {print $1}' "$libs.ldd" | grep -v "^$out/" | sort -u >"$libs"
grep -q 'libc\.so' "$libs" || { echo "ldd found no C library for the runtime" >&2; exit 1; }
while read -r lib; do
  copy_lib "$lib"
done <"$libs"
# glibc's name service modules, loaded at run time (user and host lookups), beside libc.
libc_dir=$(dirname "$(grep 'libc\.so' "$libs" | head -1)")
for nss in "$libc_dir"/libnss_files.so.2 "$libc_dir"/libnss_dns.so.2; do
  if [[ -e "$nss" ]]; then copy_lib "$nss"; fi
done
rm -f "$libs" "$libs.ldd"

printf 'root:x:0:0:root:/root:/sbin/nologin\ntusk:x:1000:1000:tusk:/tmp:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\ntusk:x:1000:\n' >"$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$out/etc/nsswitch.conf"
chmod 1777 "$out/tmp"
echo "image runtime in $out: $(du -sh "$out" | cut -f1)"
