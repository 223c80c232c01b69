/** Password rules, checked before hashing: long enough, letters and digits, not the username. */
export function passwordProblem(password: string, username?: string): 'too_short' | 'too_simple' | 'too_long' | null {
  if (password.length < 10) return 'too_short';
  if (password.length > 200) return 'too_long';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'too_simple';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'too_simple';
  return null;
}
