// The coder_agent init script the simulated coder provider hands out, shaped like Coder's bootstrap.
//
// Coder's server exports one script per os/arch as CODER_AGENT_SCRIPT_<os>_<arch> (with ${ARCH}
// already filled in); the provider copies it into `init_script`, replacing ${ACCESS_URL} (the access
// URL's root, ending in "/") and ${AUTH_TYPE}. An os/arch Coder has no script for gives an empty
// `init_script`, as the provider does when the variable is unset. The scripts below are cvmkit's own.

/** The POSIX shell bootstrap (Linux): download the agent with whatever tool exists, then exec it. */
const POSIX_SH = `#!/usr/bin/env sh
# Coder agent bootstrap: fetch the agent binary for this workspace and run it.
set -eux
# A failed bootstrap keeps its process (and logs) around for a day, so the workspace can be inspected.
keep_for_inspection() {
	echo "=== Coder agent bootstrap failed; sleeping 24h so its logs can be read"
	sleep 86400
}
trap keep_for_inspection EXIT
AGENT_DIR=$(mktemp -d -t coder.XXXXXX)
AGENT_URL="\${ACCESS_URL}bin/coder-\${OS}-\${ARCH}"
cd "$AGENT_DIR"
# Images differ in what they ship, and early-boot networking fails transiently: try every known
# download tool, and keep trying.
while :; do
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --compressed "$AGENT_URL" -o coder && break
	elif command -v wget >/dev/null 2>&1; then
		wget -q "$AGENT_URL" -O coder && break
	elif command -v busybox >/dev/null 2>&1; then
		busybox wget -q "$AGENT_URL" -O coder && break
	else
		echo "error: found neither curl, wget nor busybox to download the Coder agent"
		exit 127
	fi
	echo "error: could not download $AGENT_URL; retrying in 30 s"
	sleep 30
done
chmod +x coder
export CODER_AGENT_AUTH="\${AUTH_TYPE}"
export CODER_AGENT_URL="\${ACCESS_URL}"
# CODER_AGENT_TOKEN comes from the environment the compute resource set up.
exec ./coder agent
`;

/** The PowerShell bootstrap (Windows); the binary is named sshd.exe because VS Code Remote wants that parent. */
const POWERSHELL = `# Coder agent bootstrap: fetch the agent binary for this workspace and start it.
$ProgressPreference = "SilentlyContinue"
$Agent = Join-Path $env:TEMP "sshd.exe"
Invoke-WebRequest -Uri "\${ACCESS_URL}bin/coder-windows-\${ARCH}.exe" -OutFile $Agent
Set-MpPreference -DisableRealtimeMonitoring $true -ExclusionPath $Agent
$env:CODER_AGENT_AUTH = "\${AUTH_TYPE}"
$env:CODER_AGENT_URL = "\${ACCESS_URL}"
Start-Process -FilePath $Agent -ArgumentList "agent" -PassThru
`;

/** The os/arch pairs Coder ships a bootstrap for. */
const SCRIPTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  linux: { amd64: POSIX_SH, arm64: POSIX_SH, armv7: POSIX_SH },
  darwin: { amd64: POSIX_SH, arm64: POSIX_SH },
  windows: { amd64: POWERSHELL, arm64: POWERSHELL },
};

/**
 * The value of `CODER_AGENT_SCRIPT_<os>_<arch>` as Coder's server would export it: the bootstrap
 * with `${ARCH}` (and here `${OS}`) filled in, `${ACCESS_URL}` and `${AUTH_TYPE}` left for the
 * provider. Undefined for an os/arch without a bootstrap.
 */
export function agentScriptTemplate(os: string, arch: string): string | undefined {
  const script = SCRIPTS[os]?.[arch];
  return script?.replaceAll('${OS}', os).replaceAll('${ARCH}', arch);
}

/**
 * A coder_agent's `init_script` for `os`/`arch`, as the coder provider computes it: the access
 * URL is reduced to its root (`https://coder.example.com/`), the auth type is filled in. Empty for
 * an os/arch Coder has no bootstrap for.
 */
export function agentInitScript(accessUrl: string, os: string, arch: string, authType = 'token'): string {
  const template = agentScriptTemplate(os, arch);
  if (template === undefined) return '';
  const root = new URL('/', accessUrl).toString();
  return template.replaceAll('${ACCESS_URL}', root).replaceAll('${AUTH_TYPE}', authType);
}
