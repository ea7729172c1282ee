<#
.SYNOPSIS
  Authenticode-sign Coordinator's executables, libraries and installers with SHA-256 and
  an RFC 3161 timestamp, then check every signature.

.DESCRIPTION
  -Path is a file (an .msi, an installer .exe: what NSIS's !finalize passes) or a folder
  (the one-folder build: every .exe, .dll and .pyd in it is signed). Files already
  carrying a valid signature from their own publisher (Python's, Qt's, Microsoft's) keep
  it unless -Force: AppLocker publisher rules can then name each publisher, or IT's rule
  can name the trust's certificate alone once everything is re-signed with -Force.

  The certificate comes either from a PFX file (-CertificatePath, password in the
  environment variable named by -PasswordVariable: never on the command line, where it
  would reach process listings and logs) or from the certificate store by thumbprint
  (-Thumbprint: a hardware token or an HSM-backed key). Signing fails closed: any file
  that does not end up with a valid signature stops the script with exit code 1.

.EXAMPLE
  $env:SIGNING_PASSWORD = '...'
  .\installer\windows\sign.ps1 -Path dist\coordinator -CertificatePath build\signing.pfx
  .\installer\windows\sign.ps1 -Path dist\installers\Coordinator-0.1.0-x64.msi -Thumbprint 0123...
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true, Position = 0)] [string] $Path,
  [string] $CertificatePath = $env:SIGNING_CERTIFICATE_PATH,
  [string] $PasswordVariable = 'SIGNING_PASSWORD',
  [string] $Thumbprint = $env:SIGNING_THUMBPRINT,
  [string] $TimestampUrl = $(if ($env:SIGNING_TIMESTAMP_URL) { $env:SIGNING_TIMESTAMP_URL } else { 'http://timestamp.digicert.com' }),
  [string] $Description = 'Coordinator',
  [switch] $Force
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Find-SignTool {
  $onPath = Get-Command signtool.exe -ErrorAction SilentlyContinue
  if ($onPath) { return $onPath.Source }
  # The Windows SDK's newest x64 signtool (GitHub's Windows runners have the SDK).
  $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
  $found = Get-ChildItem -Path $kits -Filter signtool.exe -Recurse -ErrorAction SilentlyContinue |
    Where-Object { $_.FullName -match '\\x64\\' } |
    Sort-Object { [version]($_.Directory.Parent.Name -replace '[^0-9.]', '') } -Descending |
    Select-Object -First 1
  if (-not $found) { throw 'signtool.exe was not found: install the Windows SDK signing tools.' }
  return $found.FullName
}

function Get-Targets([string] $Where) {
  $item = Get-Item -LiteralPath $Where
  if (-not $item.PSIsContainer) { return @($item) }
  return @(Get-ChildItem -LiteralPath $Where -Recurse -File -Include *.exe, *.dll, *.pyd)
}

$signtool = Find-SignTool
$certificateArgs = @()
if ($Thumbprint) {
  $certificateArgs = @('/sha1', $Thumbprint)
} elseif ($CertificatePath) {
  $password = [Environment]::GetEnvironmentVariable($PasswordVariable)
  $certificateArgs = @('/f', $CertificatePath)
  if ($password) { $certificateArgs += @('/p', $password) }
} else {
  throw 'No certificate: give -Thumbprint or -CertificatePath (or SIGNING_THUMBPRINT / SIGNING_CERTIFICATE_PATH).'
}

$targets = Get-Targets $Path
$toSign = @($targets | Where-Object {
    $Force -or (Get-AuthenticodeSignature -LiteralPath $_.FullName).Status -ne 'Valid'
  })
Write-Host "Signing $($toSign.Count) of $($targets.Count) file(s) under $Path"

# In batches: one signtool call per file would take minutes for ~1,000 files.
for ($i = 0; $i -lt $toSign.Count; $i += 50) {
  $batch = @($toSign[$i..([Math]::Min($i + 49, $toSign.Count - 1))] | ForEach-Object { $_.FullName })
  & $signtool sign /fd SHA256 /td SHA256 /tr $TimestampUrl /d $Description @certificateArgs @batch
  if ($LASTEXITCODE -ne 0) { throw "signtool failed (exit $LASTEXITCODE)." }
}

$bad = @($targets | Where-Object { (Get-AuthenticodeSignature -LiteralPath $_.FullName).Status -ne 'Valid' })
if ($bad.Count -gt 0) {
  $bad | ForEach-Object { Write-Error "Not validly signed: $($_.FullName)" -ErrorAction Continue }
  exit 1
}
Write-Host "All $($targets.Count) file(s) under $Path carry a valid signature."
exit 0
