@echo off
rem Enclave Workbench: starts the workbench, for Windows.
rem
rem Java: JAVA_HOME when it holds bin\javaw.exe, else javaw.exe on the PATH; it must be 21 or newer.
rem ENCLAVE_HEAP overrides the heap (default 4g); ENCLAVE_JAVA_OPTS adds JVM options.
rem Logs (the framework's log, JVM crash reports) go to %LOCALAPPDATA%\Enclave\logs, which only this
rem user can read; they never hold the command line.
rem
rem Written without parenthesised blocks around expanded paths (see enclave.cmd).
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
rem javaw.exe, beside java.exe, runs without a console window.
for %%J in ("%ENCLAVE_JAVA%") do set "ENCLAVE_JAVAW=%%~dpJjavaw.exe"
if not exist "%ENCLAVE_JAVAW%" set "ENCLAVE_JAVAW=%ENCLAVE_JAVA%"

set "ENCLAVE_LAUNCHER="
for %%L in ("%ENCLAVE_HERE%plugins\org.eclipse.equinox.launcher_*.jar") do set "ENCLAVE_LAUNCHER=%%~fL"
if not defined ENCLAVE_LAUNCHER goto :no_launcher

set "ENCLAVE_LOGS=%LOCALAPPDATA%\Enclave\logs"
if not defined LOCALAPPDATA set "ENCLAVE_LOGS=%USERPROFILE%\AppData\Local\Enclave\logs"
if not exist "%ENCLAVE_LOGS%\" mkdir "%ENCLAVE_LOGS%" >nul 2>&1

set "ENCLAVE_CONFIG="
copy /y nul "%ENCLAVE_HERE%configuration\.enclave-write-test" >nul 2>&1
if errorlevel 1 goto :read_only
del "%ENCLAVE_HERE%configuration\.enclave-write-test" >nul 2>&1
goto :run
:read_only
set ENCLAVE_CONFIG="-Dosgi.configuration.area=@user.home/.enclave/osgi-configuration" "-Dosgi.sharedConfiguration.area=%ENCLAVE_HERE%configuration"

:run
start "Enclave Workbench" "%ENCLAVE_JAVAW%" -Xmx%ENCLAVE_HEAP% %ENCLAVE_JAVA_OPTS% -Dai.djl.offline=true -Dfile.encoding=UTF-8 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error "-Djava.util.logging.config.file=%ENCLAVE_HERE%logging.properties" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector "-Dosgi.logfile=%ENCLAVE_LOGS%\enclave-workbench.log" -Declipse.log.include.commandline=false "-XX:ErrorFile=%ENCLAVE_LOGS%\hs_err_pid%%p.log" -XX:-CreateCoredumpOnCrash %ENCLAVE_CONFIG% -Dosgi.instance.area.default=@user.home/.enclave/workbench -jar "%ENCLAVE_LAUNCHER%" -product dev.enclave.ui.product -nosplash %*
exit /b 0

:no_java
echo Enclave needs Java 21 or newer, and none was found. 1>&2
echo Looked at JAVA_HOME and at java.exe on the PATH. Install one (e.g. Temurin 25) or set JAVA_HOME to it, then try again. 1>&2
pause
exit /b 1

:no_launcher
echo Enclave: the launcher jar is missing from %ENCLAVE_HERE%plugins; the installation is damaged. 1>&2
pause
exit /b 1
