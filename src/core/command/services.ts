/**
 * Services a machine cannot do without: stopping one cuts off what runs on the machine, or the
 * way in to it. Shared by the system pack (systemctl, service) and the generic reading of any
 * other service manager (sv, rc-service, s6-svc, invoke-rc.d, …).
 */

/** Units and services whose stop takes the machine's work or its remote access with it. */
export const CRITICAL_UNITS = /^(ssh|sshd|openssh-server|docker|containerd|dockerd|networking|network|NetworkManager|wpa_supplicant|systemd-[a-z-]+|dbus|dbus-broker|kubelet|k3s|k3s-agent|getty@.*|serial-getty@.*|udev|polkit|cron|crond|firewalld|nftables|iptables|ufw|rsyslog|chronyd|sssd|cloud-init|google-guest-agent|walinuxagent|amazon-ssm-agent|tailscaled|wireguard@.*|wg-quick@.*)$/;

/** Of those, the ones remote access to the machine goes through. */
export const REMOTE_ACCESS_UNITS = /^(ssh|sshd|openssh-server|networking|network|NetworkManager|systemd-networkd|systemd-resolved|wpa_supplicant|tailscaled|wireguard@.*|wg-quick@.*|google-guest-agent|amazon-ssm-agent|walinuxagent)$/;

/** The service a word names: a unit (`sshd.service`), or a service folder (`/etc/service/sshd`, `/run/service/sshd/`). */
export function serviceName(text: string): string {
  const base = text.replace(/\/+$/, '').split('/').pop() ?? text;
  return base.replace(/\.(service|socket)$/, '');
}

/** What is lost when a vital service goes down, in words a person reads. */
export function lossOf(name: string): string {
  return REMOTE_ACCESS_UNITS.test(name) ? 'remote access to the machine can be lost' : 'what runs on it stops';
}
