// What a role may do in the app; the server enforces the same rules (docs/server.md).
export const isStaff = (me) => me.user.role === 'admin' || me.user.role === 'clinician';
