; Coordinator: per-user installer (NSIS 3), the fallback where IT cannot push the MSI.
;
;   makensis /DVERSION=0.1.0 /DDIST_DIR=dist\coordinator ^
;     /DOUT_FILE=Coordinator-0.1.0-user-setup.exe ^
;     [/DSIGN_COMMAND="powershell -NoProfile -ExecutionPolicy Bypass -File installer\windows\sign.ps1 -Path"] ^
;     installer\windows\coordinator.nsi
;
; Installs for the signed-in user only, without administrator rights, into
; %LOCALAPPDATA%\Programs\Coordinator (Windows' own place for per-user programs), with a
; Start menu shortcut and an entry in Settings > Apps. Silent: Setup.exe /S. Installing a
; new version over an old one replaces the program files and never touches the vault,
; which lives in %LOCALAPPDATA%\Helpforce\Coordinator. Uninstalling leaves the vault too.
;
; With SIGN_COMMAND defined, the uninstaller and then the installer are signed as they are
; made (!uninstfinalize and !finalize run it with the file's path appended).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Define VERSION (e.g. /DVERSION=0.1.0)"
!endif
!ifndef DIST_DIR
  !error "Define DIST_DIR, the one-folder build (e.g. /DDIST_DIR=dist\coordinator)"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "Coordinator-${VERSION}-user-setup.exe"
!endif
!ifndef ICON_FILE
  !define ICON_FILE "${__FILEDIR__}\..\..\resources\icons\coordinator.ico"
!endif
; Windows wants four numbers in the version resource.
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif

!define PRODUCT "Coordinator"
!define PUBLISHER "Helpforce"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Helpforce.Coordinator"

!ifdef SIGN_COMMAND
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
  !finalize '${SIGN_COMMAND} "%1"' = 0
!endif

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
Icon "${ICON_FILE}"
UninstallIcon "${ICON_FILE}"
; No administrator rights, ever: the user's own folders and HKCU only.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Coordinator"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2057 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2057 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2057 "FileDescription" "${PRODUCT} per-user installer"
VIAddVersionKey /LANG=2057 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2057 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2057 "LegalCopyright" "Copyright ${PUBLISHER}"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Function .onInit
  ; Per-user shell folders (Start menu) even when started elevated by mistake.
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Coordinator" Main
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Installing over an older version: drop its program files first, so nothing the new
  ; version no longer ships is left behind. Only the program's folder: never the vault.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortcut "$SMPROGRAMS\Coordinator.lnk" "$INSTDIR\Coordinator.exe" "" \
    "$INSTDIR\Coordinator.exe" 0 SW_SHOWNORMAL "" "Records for the Refugee Volunteer to Career programme"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\Coordinator.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\Coordinator.lnk"
  ; The program's files only. The vault (%LOCALAPPDATA%\Helpforce\Coordinator) stays:
  ; it holds records the trust must keep, and removing it is a decision, not a side effect.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Coordinator.exe"
  Delete "$INSTDIR\coordinator-cli.exe"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
