# Blast Radius terminal guard for PowerShell 7+ with PSReadLine.
#
# Not tested in a live PowerShell (see docs/guard.md). Load it from your profile:
#   if ($env:BLAST_RADIUS_PWSH_GUARD) { . $env:BLAST_RADIUS_PWSH_GUARD }
# The extension sets BLAST_RADIUS_PWSH_GUARD in every integrated terminal.
#
# How a line is checked: Enter is bound to a handler that takes the whole buffer once it parses
# as complete, asks the Blast Radius server in the editor over loopback TCP (protocol BR1,
# docs/guard.md), and only then accepts the line. A refused line is cleared and never runs.

if (-not (Get-Module -Name PSReadLine)) { return }
if ($global:__BrGuardInstalled) { return }
$global:__BrGuardInstalled = $true
$global:__BrSeq = 0
$global:__BrOfflineSaid = $false

function global:__BrSay([string]$Text) {
    [Console]::WriteLine("blast-radius: $Text")
}

# Small built-in check used only when the editor cannot be reached.
$global:__BrDestructive = @(
    @('Remove-Item -Recurse / rm -r', '(?i)\b(remove-item|rm|ri|del|rd|rmdir)\b.*\s--?(r|f|recurse|recursive|force|rf|fr)\b'),
    @('git push --force / --delete', '(?i)\bgit\b.*\bpush\b.*\s(-f|--force|--force-with-lease|--delete|--mirror)\b'),
    @('git reset --hard / clean -f / branch -D', '(?i)\bgit\b.*\b(reset\b.*--hard|clean\b.*\s-[a-z]*f|branch\b.*\s-D\b)'),
    @('terraform destroy', '(?i)\b(terraform|tofu|terragrunt)\b.*\bdestroy\b'),
    @('kubectl delete', '(?i)\bkubectl\b.*\s(delete|drain)\b'),
    @('DROP / TRUNCATE', '(?i)\b(drop\s+(table|database|schema)|truncate\s)'),
    @('disk wipe', '(?i)\b(format-volume|clear-disk|initialize-disk|mkfs|diskpart)\b'),
    @('cloud delete', '(?i)\b(aws\b.*\s(delete-|terminate-instances|rb\b)|gcloud\b.*\sdelete\b|az\b.*\sdelete\b|remove-az)'),
    @('guard tampering', '(?i)(remove-psreadlinekeyhandler|set-psreadlinekeyhandler|__BrGuardInstalled|BLAST_RADIUS_)')
)

function global:__BrOffline([string]$Line) {
    $mode = if ($env:BLAST_RADIUS_OFFLINE -eq 'allow') { 'allow' } else { 'refuse-destructive' }
    if (-not $global:__BrOfflineSaid) {
        $global:__BrOfflineSaid = $true
        if ($mode -eq 'allow') { __BrSay 'guard not connected — commands run unchecked until the editor is back' }
        else { __BrSay 'guard not connected — destructive commands are refused until the editor is back' }
    }
    foreach ($p in $global:__BrDestructive) {
        if ($Line -match $p[1]) {
            if ($mode -eq 'allow') {
                __BrSay "not checked: looks destructive ($($p[0]))"
                return @{ Verdict = 'allow'; Reason = '' }
            }
            return @{ Verdict = 'deny'; Reason = "looks destructive ($($p[0])) and the guard is not connected; not run" }
        }
    }
    return @{ Verdict = 'allow'; Reason = '' }
}

function global:__BrAsk([string]$Line) {
    $port = $env:BLAST_RADIUS_GUARD_PORT
    $token = $env:BLAST_RADIUS_GUARD_TOKEN
    $wait = 330
    if ($env:BLAST_RADIUS_GUARD_TIMEOUT -match '^\d+$') { $wait = [int]$env:BLAST_RADIUS_GUARD_TIMEOUT }
    if ($port -notmatch '^\d+$' -or $token -notmatch '^[A-Za-z0-9_-]+$') { return @{ Verdict = 'offline'; Reason = '' } }
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        try { $client.Connect('127.0.0.1', [int]$port) } catch { return @{ Verdict = 'offline'; Reason = '' } }
        $client.NoDelay = $true
        $client.ReceiveTimeout = $wait * 1000
        $stream = $client.GetStream()
        $global:__BrSeq++
        $cwd = (Get-Location).ProviderPath
        $text = "BR1 CHECK $token pwsh $PID $($global:__BrSeq) -`n$cwd`0$Line`0"
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
        $stream.Write($bytes, 0, $bytes.Length)
        $reader = [System.IO.StreamReader]::new($stream, [System.Text.Encoding]::UTF8)
        while ($true) {
            try { $resp = $reader.ReadLine() }
            catch [System.IO.IOException] { return @{ Verdict = 'deny'; Reason = "no answer from the editor within $wait s; not run" } }
            if ($null -eq $resp) { return @{ Verdict = 'offline'; Reason = '' } }
            if ($resp.StartsWith('BR1 HOLD')) {
                __BrSay ("held: " + $resp.Substring(8).Trim() + ' (answer in the editor; Ctrl-C cancels)')
                continue
            }
            if ($resp.StartsWith('BR1 ALLOW')) { return @{ Verdict = 'allow'; Reason = $resp.Substring(9).Trim() } }
            if ($resp.StartsWith('BR1 DENY')) { return @{ Verdict = 'deny'; Reason = $resp.Substring(8).Trim() } }
            return @{ Verdict = 'offline'; Reason = '' }
        }
    }
    finally { $client.Dispose() }
}

# Tell the editor this shell is guarded.
function global:__BrHello {
    $port = $env:BLAST_RADIUS_GUARD_PORT
    $token = $env:BLAST_RADIUS_GUARD_TOKEN
    if ($port -notmatch '^\d+$' -or $token -notmatch '^[A-Za-z0-9_-]+$') { return $false }
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        $client.Connect('127.0.0.1', [int]$port)
        $client.ReceiveTimeout = 3000
        $stream = $client.GetStream()
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("BR1 HELLO $token pwsh $PID 1`n")
        $stream.Write($bytes, 0, $bytes.Length)
        $resp = [System.IO.StreamReader]::new($stream).ReadLine()
        return ($null -ne $resp -and $resp.StartsWith('BR1 OK'))
    }
    catch { return $false }
    finally { $client.Dispose() }
}

Set-PSReadLineKeyHandler -Chord Enter -BriefDescription 'BlastRadiusAcceptLine' -Description 'Blast Radius: check the command line, then run it' -ScriptBlock {
    $line = $null
    $cursor = $null
    [Microsoft.PowerShell.PSConsoleReadLine]::GetBufferState([ref]$line, [ref]$cursor)
    if ([string]::IsNullOrWhiteSpace($line)) {
        [Microsoft.PowerShell.PSConsoleReadLine]::AcceptLine()
        return
    }
    # Incomplete input: let PSReadLine continue the line; it comes back here when complete.
    $tokens = $null
    $errors = $null
    [void][System.Management.Automation.Language.Parser]::ParseInput($line, [ref]$tokens, [ref]$errors)
    if ($errors | Where-Object { $_.IncompleteInput }) {
        [Microsoft.PowerShell.PSConsoleReadLine]::AcceptLine()
        return
    }
    $answer = __BrAsk $line
    if ($answer.Verdict -eq 'offline') { $answer = __BrOffline $line } else { $global:__BrOfflineSaid = $false }
    if ($answer.Verdict -eq 'allow') {
        if ($answer.Reason) { __BrSay $answer.Reason }
        [Microsoft.PowerShell.PSConsoleReadLine]::AcceptLine()
        return
    }
    [Microsoft.PowerShell.PSConsoleReadLine]::RevertLine()
    [Console]::WriteLine()
    if ($answer.Reason) { __BrSay "refused: $($answer.Reason)" }
    [Microsoft.PowerShell.PSConsoleReadLine]::InvokePrompt()
}

if (-not (__BrHello)) { [void](__BrOffline '') }
