@echo off
rem Enclave Workbench: the headless command line, for Windows. No display needed.
rem Usage: enclave [--data DIR] [--user NAME] COMMAND ...   (enclave --help)
rem
rem Java: JAVA_HOME when it holds bin\java.exe, else java.exe on the PATH; it must be 21 or newer.
rem ENCLAVE_HEAP overrides the heap (default 4g); ENCLAVE_JAVA_OPTS adds JVM options.
rem Logs (the framework's log, JVM crash reports) go to %LOCALAPPDATA%\Enclave\logs, which only this
rem user can read; they never hold the command line. Enclave's own messages go to the console.
rem
rem Written without parenthesised blocks around expanded paths: a path such as
rem "C:\Program Files (x86)\..." would end such a block early. Delayed expansion stays off, so a "!"
rem in an argument reaches Enclave unchanged.
setlocal EnableExtensions DisableDelayedExpansion
set "ENCLAVE_HERE=%~dp0"
if not defined ENCLAVE_HEAP set "ENCLAVE_HEAP=4g"

set "ENCLAVE_JAVA="
if not defined JAVA_HOME goto :java_on_path
if not exist "%JAVA_HOME%\bin\java.exe" goto :java_on_path
set "ENCLAVE_JAVA=%JAVA_HOME%\bin\java.exe"
goto :check_java
:java_on_path
for %%J in (java.exe) do set "ENCLAVE_JAVA=%%~$PATH:J"
if not defined ENCLAVE_JAVA goto :no_java
:check_java
"%ENCLAVE_JAVA%" -XshowSettings:properties -version 2>&1 | findstr /r /c:"java.specification.version = 2[1-9]" /c:"java.specification.version = [3-9][0-9]" >nul
if errorlevel 1 goto :no_java

set "ENCLAVE_LAUNCHER="
for %%L in ("%ENCLAVE_HERE%plugins\org.eclipse.equinox.launcher_*.jar") do set "ENCLAVE_LAUNCHER=%%~fL"
if not defined ENCLAVE_LAUNCHER goto :no_launcher

rem The user's private log folder.
set "ENCLAVE_LOGS=%LOCALAPPDATA%\Enclave\logs"
if not defined LOCALAPPDATA set "ENCLAVE_LOGS=%USERPROFILE%\AppData\Local\Enclave\logs"
if not exist "%ENCLAVE_LOGS%\" mkdir "%ENCLAVE_LOGS%" >nul 2>&1

rem A read-only installation (e.g. under Program Files) keeps its OSGi cache in the user's home.
set "ENCLAVE_CONFIG="
copy /y nul "%ENCLAVE_HERE%configuration\.enclave-write-test" >nul 2>&1
if errorlevel 1 goto :read_only
del "%ENCLAVE_HERE%configuration\.enclave-write-test" >nul 2>&1
goto :run
:read_only
set ENCLAVE_CONFIG="-Dosgi.configuration.area=@user.home/.enclave/osgi-configuration" "-Dosgi.sharedConfiguration.area=%ENCLAVE_HERE%configuration"

:run
rem Chinese text needs the console's UTF-8 code page; the previous one is put back afterwards.
set "ENCLAVE_CODEPAGE="
for /f "tokens=2 delims=:." %%C in ('chcp') do set "ENCLAVE_CODEPAGE=%%C"
chcp 65001 >nul
"%ENCLAVE_JAVA%" -Xmx%ENCLAVE_HEAP% %ENCLAVE_JAVA_OPTS% -Dai.djl.offline=true -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error "-Djava.util.logging.config.file=%ENCLAVE_HERE%logging.properties" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Djava.awt.headless=true "-Dosgi.logfile=%ENCLAVE_LOGS%\enclave-framework.log" -Declipse.log.include.commandline=false "-XX:ErrorFile=%ENCLAVE_LOGS%\hs_err_pid%%p.log" -XX:-CreateCoredumpOnCrash %ENCLAVE_CONFIG% -jar "%ENCLAVE_LAUNCHER%" -application dev.enclave.cli.app -nosplash %*
set "ENCLAVE_CODE=%ERRORLEVEL%"
if defined ENCLAVE_CODEPAGE chcp %ENCLAVE_CODEPAGE% >nul
rem 0, 1 and 2 are Enclave's own exit codes; -1073741510 is Ctrl-C.
if %ENCLAVE_CODE% GEQ 0 if %ENCLAVE_CODE% LEQ 2 goto :done
if "%ENCLAVE_CODE%"=="-1073741510" goto :done
echo Enclave stopped unexpectedly (exit %ENCLAVE_CODE%); the logs in %ENCLAVE_LOGS% may say why. 1>&2
:done
exit /b %ENCLAVE_CODE%

:no_java
echo Enclave needs Java 21 or newer, and none was found. 1>&2
echo Looked at JAVA_HOME and at java.exe on the PATH. Install one (e.g. Temurin 25) or set JAVA_HOME to it, then try again. 1>&2
exit /b 1

:no_launcher
echo Enclave: the launcher jar is missing from %ENCLAVE_HERE%plugins; the installation is damaged. 1>&2
exit /b 1
