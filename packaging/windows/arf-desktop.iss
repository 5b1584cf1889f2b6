; Per-user Windows installer for ARF Desktop, built from the PyInstaller folder dist\arf-desktop.
; No administrator rights: installs under %LOCALAPPDATA%\Programs, registers the file types for
; the current user only (HKCU), and the app keeps its data in %LOCALAPPDATA%\ARF Desktop.
; Build on Windows with Inno Setup 6:  ISCC.exe /DAppVersion=1.2.3 packaging\windows\arf-desktop.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6F0C1E52-4B7A-4E36-9E0B-5A2F0D3C7E41}
AppName=ARF Desktop
AppVersion={#AppVersion}
AppPublisher=NHS North West Anti-Racist Framework
DefaultDirName={autopf}\ARF Desktop
DefaultGroupName=ARF Desktop
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ChangesAssociations=yes
DisableProgramGroupPage=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=arf-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\arf-desktop.ico
UninstallDisplayIcon={app}\arf-desktop-window.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\arf-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\ARF Desktop"; Filename: "{app}\arf-desktop-window.exe"; IconFilename: "{app}\arf-desktop-window.exe"
Name: "{autodesktop}\ARF Desktop"; Filename: "{app}\arf-desktop-window.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; Work packs (.arfpack) and score returns (.arfreturn) open in ARF Desktop, for this user only.
Root: HKCU; Subkey: "Software\Classes\.arfpack"; ValueType: string; ValueName: ""; ValueData: "ARFDesktop.WorkPack"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\ARFDesktop.WorkPack"; ValueType: string; ValueName: ""; ValueData: "ARF Desktop work pack"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\ARFDesktop.WorkPack\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\arf-desktop-window.exe,0"
Root: HKCU; Subkey: "Software\Classes\ARFDesktop.WorkPack\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\arf-desktop-window.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\.arfreturn"; ValueType: string; ValueName: ""; ValueData: "ARFDesktop.ScoreReturn"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\ARFDesktop.ScoreReturn"; ValueType: string; ValueName: ""; ValueData: "ARF Desktop score return"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\ARFDesktop.ScoreReturn\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\arf-desktop-window.exe,0"
Root: HKCU; Subkey: "Software\Classes\ARFDesktop.ScoreReturn\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\arf-desktop-window.exe"" ""%1"""

[Run]
Filename: "{app}\arf-desktop-window.exe"; Description: "Start ARF Desktop"; Flags: nowait postinstall skipifsilent
